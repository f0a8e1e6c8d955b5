import {
  Box,
  Card,
  CardContent,
  Checkbox,
  LinearProgress,
  Stack,
  type Theme,
  Typography,
  useMediaQuery,
} from '@mui/material';
import { Children, isValidElement, type ReactElement, useEffect, useRef } from 'react';
import {
  BulkActionsToolbar,
  Datagrid,
  type DatagridProps,
  type RaRecord,
  RecordContextProvider,
  useCreatePath,
  useListContext,
  useResourceContext,
  useTranslate,
  useTranslateLabel,
} from 'react-admin';
import { useNavigate } from 'react-router-dom';

/**
 * Every list of the console: a table on a desk, a list of cards below 600 px (each card the same
 * fields, labelled, one under the other), so nothing scrolls sideways on a phone. Row clicks open
 * the record in both; where the list has bulk actions, each card has its checkbox and the actions
 * show above the cards once one is ticked.
 */
export const ResponsiveDatagrid = (props: DatagridProps) => {
  const small = useMediaQuery((t: Theme) => t.breakpoints.down('sm'));
  const table = useLabelledCheckboxes();
  return small ? (
    <CardList {...props} />
  ) : (
    <Box ref={table} sx={{ minWidth: 0 }}>
      <Datagrid empty={<NoResults />} {...props} />
    </Box>
  );
};

/**
 * react-admin's Datagrid puts a selection checkbox's label on the checkbox's wrapper, where screen
 * readers do not find it (axe: aria-prohibited-attr, label): the label moves to the checkbox itself.
 */
function useLabelledCheckboxes() {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const label = () => {
      for (const wrapper of root.querySelectorAll('.MuiCheckbox-root[aria-label]')) {
        wrapper.querySelector('input')?.setAttribute('aria-label', wrapper.getAttribute('aria-label')!);
        wrapper.removeAttribute('aria-label');
      }
    };
    label();
    const watch = new MutationObserver(label);
    watch.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label'] });
    return () => watch.disconnect();
  }, []);
  return ref;
}

function NoResults() {
  const translate = useTranslate();
  return (
    <Typography variant="body2" sx={{ p: 2 }} data-testid="no-results">
      {translate('ra.navigation.no_results')}
    </Typography>
  );
}

type Field = ReactElement<{ source?: string; label?: string | false }>;

function CardList({ children, rowClick, bulkActionButtons }: DatagridProps) {
  const { data, isPending, selectedIds, onToggleItem } = useListContext();
  const resource = useResourceContext() ?? '';
  const navigate = useNavigate();
  const createPath = useCreatePath();
  const translateLabel = useTranslateLabel();
  const translate = useTranslate();
  if (isPending) return <LinearProgress />;
  if (!data?.length) return <NoResults />;
  const fields = Children.toArray(children).filter(isValidElement) as Field[];
  const open = async (record: RaRecord) => {
    const to =
      typeof rowClick === 'function'
        ? await rowClick(record.id, resource, record)
        : rowClick === 'show' || rowClick === 'edit'
          ? createPath({ resource, id: record.id, type: rowClick })
          : false;
    if (to) navigate(to);
  };
  const selectable = isValidElement(bulkActionButtons);
  return (
    <Stack spacing={1} sx={{ p: 1 }} data-testid="card-list">
      {selectable && <BulkActionsToolbar>{bulkActionButtons}</BulkActionsToolbar>}
      {data.map((record) => (
        <RecordContextProvider key={record.id} value={record}>
          <Card
            variant="outlined"
            onClick={rowClick ? () => void open(record) : undefined}
            sx={rowClick ? { cursor: 'pointer' } : undefined}
          >
            <CardContent sx={{ py: 1, '&:last-child': { pb: 1 }, position: 'relative' }}>
              {selectable && (
                <Checkbox
                  size="small"
                  checked={selectedIds.includes(record.id)}
                  onClick={(e) => e.stopPropagation()}
                  onChange={() => onToggleItem(record.id)}
                  slotProps={{ input: { 'aria-label': translate('ra.action.select_row') } }}
                  sx={{ position: 'absolute', top: 0, right: 0 }}
                />
              )}
              {fields.map((field, i) => {
                const { source, label } = field.props;
                const text = label === false || (!label && !source) ? '' : translateLabel({ label, source, resource });
                return (
                  <Box key={source ?? i} sx={{ display: 'flex', gap: 1, py: 0.25, alignItems: 'baseline' }}>
                    {text && (
                      <Typography variant="caption" color="text.secondary" sx={{ flex: '0 0 5.5em' }}>
                        {text}
                      </Typography>
                    )}
                    <Box sx={{ minWidth: 0, wordBreak: 'break-word', typography: 'body2' }}>{field}</Box>
                  </Box>
                );
              })}
            </CardContent>
          </Card>
        </RecordContextProvider>
      ))}
    </Stack>
  );
}
