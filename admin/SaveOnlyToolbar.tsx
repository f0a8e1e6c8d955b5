import { SaveButton, Toolbar } from 'react-admin';

/** Forms save; nothing in Kejin is deleted (the API has no DELETE), so no form offers it. */
export const SaveOnlyToolbar = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);
