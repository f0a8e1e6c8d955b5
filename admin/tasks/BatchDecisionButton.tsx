import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  List,
  ListItem,
  ListItemText,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useListContext, useNotify, useTranslate } from 'react-admin';
import type { BatchResult, KejinDataProvider } from '../dataProvider';

/**
 * 批量审批 in the task center: the tasks selected (of one step), one decision and one opinion for
 * all; the answer says which were decided and why the others were not. The dialog (BatchDialog)
 * lives beside the list, not in it: the list empties as the tasks are decided.
 */
export function BatchDecisionButton({ onOpen }: { onOpen(taskIds: string[]): void }) {
  const translate = useTranslate();
  const { selectedIds, data } = useListContext();
  const steps = new Set((data ?? []).filter((r) => selectedIds.includes(r.id)).map((r) => r.step));
  return (
    <>
      <Button
        size="small"
        variant="contained"
        disabled={steps.size !== 1}
        title={steps.size > 1 ? translate('kejin.batch.oneStep') : undefined}
        onClick={() => onOpen(selectedIds.map(String))}
        data-testid="batch-decide"
      >
        {translate('kejin.batch.button')}
      </Button>
      {steps.size > 1 && (
        <Typography variant="caption" color="warning.main" sx={{ ml: 1 }} role="status">
          {translate('kejin.batch.oneStep')}
        </Typography>
      )}
    </>
  );
}

/** One decision and opinion for the tasks; it keeps one Idempotency-Key, so a resubmission decides nothing twice. */
export function BatchDialog({ taskIds, onClose }: { taskIds: string[]; onClose(decided: boolean): void }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const notify = useNotify();
  const [key] = useState(() => crypto.randomUUID());
  const [decision, setDecision] = useState<'approve' | 'reject'>('approve');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BatchResult | null>(null);
  const submit = async () => {
    setBusy(true);
    try {
      setResult(await dataProvider.batchDecide({ taskIds, decision, comment }, key));
    } catch (err) {
      const body = (err as { body?: { errors?: Record<string, string> } }).body;
      setErrors(body?.errors ?? {});
      if (!body?.errors) notify((err as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const title = translate('kejin.batch.title', { smart_count: taskIds.length });
  if (result)
    return (
      <Dialog open onClose={() => onClose(true)} fullWidth maxWidth="sm" aria-label={title}>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>
          <Alert severity={result.refused ? 'warning' : 'success'} role="status" data-testid="batch-result">
            {translate('kejin.batch.done', { decided: result.decided, refused: result.refused })}
          </Alert>
          {result.refused > 0 && (
            <>
              <Typography variant="subtitle2" sx={{ mt: 2 }}>
                {translate('kejin.batch.refused')}
              </Typography>
              <List dense data-testid="batch-refused">
                {result.results
                  .filter((r) => !r.decided)
                  .map((r) => (
                    <ListItem key={r.taskId} disableGutters>
                      <ListItemText primary={r.title ?? '—'} secondary={r.message} />
                    </ListItem>
                  ))}
              </List>
            </>
          )}
        </DialogContent>
        <DialogActions>
          <Button variant="contained" onClick={() => onClose(true)}>
            {translate('kejin.batch.close')}
          </Button>
        </DialogActions>
      </Dialog>
    );
  return (
    <Dialog open onClose={() => onClose(false)} fullWidth maxWidth="sm" aria-label={title}>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate('kejin.batch.hint')}
        </Typography>
        <RadioGroup
          row
          value={decision}
          onChange={(e) => setDecision(e.target.value as 'approve' | 'reject')}
          aria-label={translate('kejin.batch.button')}
        >
          <FormControlLabel value="approve" control={<Radio />} label={translate('kejin.batch.approve')} />
          <FormControlLabel value="reject" control={<Radio />} label={translate('kejin.batch.reject')} />
        </RadioGroup>
        <TextField
          label={translate('kejin.batch.comment')}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          required
          fullWidth
          multiline
          minRows={3}
          margin="normal"
          error={Boolean(errors.comment)}
          helperText={errors.comment ?? errors.taskIds}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={submit} disabled={busy || !comment.trim()}>
          {translate('kejin.batch.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
