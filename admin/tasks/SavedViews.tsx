import BookmarksIcon from '@mui/icons-material/BookmarksOutlined';
import DeleteIcon from '@mui/icons-material/DeleteOutlineOutlined';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Divider,
  FormControlLabel,
  IconButton,
  ListItemText,
  Menu,
  MenuItem,
  TextField,
} from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useListContext, useNotify, usePermissions, useTranslate } from 'react-admin';
import type { KejinDataProvider, SavedView } from '../dataProvider';

/** The review role a view is shared with: the first of the reader's roles that reviews. */
const SHARED_ROLES = ['municipal_reviewer', 'provincial_reviewer', 'expert', 'finance', 'admin'];

/**
 * 视图 in the task center: the reader's saved views and those colleagues shared with their role;
 * choosing one applies its filters, sort and page size. 保存当前视图 saves the list as it is now.
 */
export function SavedViewsButton({ resource }: { resource: 'tasks' }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const { setFilters, setSort, setPerPage } = useListContext();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [saving, setSaving] = useState(false);
  const key = ['saved-views', resource];
  const { data: views = [] } = useQuery({ queryKey: key, queryFn: () => dataProvider.getSavedViews(resource) });
  const apply = (v: SavedView) => {
    setAnchor(null);
    setFilters(v.filter, {});
    setSort(v.sort);
    setPerPage(v.perPage);
  };
  const archive = async (v: SavedView) => {
    await dataProvider.archiveSavedView(v.id);
    await queryClient.invalidateQueries({ queryKey: key });
    notify('kejin.views.archived', { type: 'info' });
  };
  return (
    <>
      <Button
        size="small"
        startIcon={<BookmarksIcon />}
        onClick={(e) => setAnchor(e.currentTarget)}
        aria-haspopup="menu"
        data-testid="saved-views"
      >
        {translate('kejin.views.button')}
      </Button>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        {views.map((v) => (
          <MenuItem key={v.id} onClick={() => apply(v)} data-view={v.name}>
            <ListItemText
              primary={v.name}
              secondary={v.mine ? null : translate('kejin.views.sharedBy', { name: v.ownerName ?? '—' })}
            />
            {v.mine && (
              <IconButton
                size="small"
                edge="end"
                aria-label={translate('kejin.views.archive', { name: v.name })}
                onClick={(e) => {
                  e.stopPropagation();
                  void archive(v);
                }}
              >
                <DeleteIcon fontSize="small" />
              </IconButton>
            )}
          </MenuItem>
        ))}
        {views.length > 0 && <Divider />}
        <MenuItem
          onClick={() => {
            setAnchor(null);
            setSaving(true);
          }}
        >
          {translate('kejin.views.save')}
        </MenuItem>
      </Menu>
      {saving && (
        <SaveViewDialog
          resource={resource}
          onClose={async (saved) => {
            setSaving(false);
            if (saved) await queryClient.invalidateQueries({ queryKey: key });
          }}
        />
      )}
    </>
  );
}

function SaveViewDialog({ resource, onClose }: { resource: 'tasks'; onClose(saved: boolean): void }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const { filterValues, sort, perPage } = useListContext();
  const { permissions } = usePermissions<{ roles: string[] } | null>();
  const role = SHARED_ROLES.find((r) => permissions?.roles?.includes(r)) ?? null;
  const [name, setName] = useState('');
  const [share, setShare] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    try {
      await dataProvider.saveView({
        resource,
        name,
        filter: filterValues,
        sort: { field: sort.field, order: sort.order },
        perPage,
        sharedRole: share ? role : null,
      });
      onClose(true);
    } catch (err) {
      const body = (err as { body?: { errors?: Record<string, string>; message?: string } }).body;
      setError(body?.errors?.name ?? body?.message ?? (err as Error).message);
    }
  };
  return (
    <Dialog open onClose={() => onClose(false)} fullWidth maxWidth="xs">
      <DialogTitle>{translate('kejin.views.save')}</DialogTitle>
      <DialogContent>
        <TextField
          label={translate('kejin.views.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          fullWidth
          margin="dense"
          error={Boolean(error)}
          helperText={error ?? translate('kejin.views.hint')}
        />
        {role && (
          <FormControlLabel
            control={<Checkbox checked={share} onChange={(e) => setShare(e.target.checked)} />}
            label={translate('kejin.views.share', { role: translate(`kejin.role.${role}`) })}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" disabled={!name.trim()} onClick={submit}>
          {translate('ra.action.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
