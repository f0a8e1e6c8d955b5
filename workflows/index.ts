// The worker's single workflowsPath: re-exports only.
export { admission } from './admission.js';
