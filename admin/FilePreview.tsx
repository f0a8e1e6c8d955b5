import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslate } from 'react-admin';

/**
 * A file behind the login shown in the page: a PDF in a frame, an image as itself, anything else
 * offered for download. `children` opens it (a chip or a button receiving `open`).
 */
export function FilePreview({
  filename,
  load,
  children,
}: {
  filename: string;
  load(): Promise<Blob>;
  children(open: () => void): ReactNode;
}) {
  const translate = useTranslate();
  const [file, setFile] = useState<{ url: string; type: string } | null>(null);
  useEffect(() => () => void (file && URL.revokeObjectURL(file.url)), [file]);
  const open = async () => {
    const blob = await load();
    const type = blob.type || (/\.pdf$/i.test(filename) ? 'application/pdf' : '');
    setFile({ url: URL.createObjectURL(blob), type });
  };
  const close = () => setFile(null);
  return (
    <>
      {children(() => void open())}
      {file && (
        <Dialog open onClose={close} fullWidth maxWidth="lg" data-testid="file-preview">
          <DialogTitle sx={{ overflowWrap: 'anywhere' }}>{filename}</DialogTitle>
          <DialogContent>
            {file.type === 'application/pdf' ? (
              <iframe title={filename} src={file.url} style={{ width: '100%', height: '75vh', border: 0 }} />
            ) : file.type.startsWith('image/') ? (
              <img alt={filename} src={file.url} style={{ maxWidth: '100%' }} />
            ) : (
              <Typography>{translate('kejin.preview.none')}</Typography>
            )}
          </DialogContent>
          <DialogActions>
            <Button component="a" href={file.url} download={filename}>
              {translate('kejin.preview.download')}
            </Button>
            <Button variant="contained" onClick={close}>
              {translate('ra.action.close')}
            </Button>
          </DialogActions>
        </Dialog>
      )}
    </>
  );
}
