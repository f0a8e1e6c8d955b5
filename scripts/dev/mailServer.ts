/**
 * A real SMTP listener (the `smtp-server` package) for machines without SMTP_URL: `npm start`
 * runs one, and so does the test harness. It keeps each message once, by Message-ID, in the
 * `mailbox` table, which administrators read in the console (发件箱).
 */
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Db } from '../../db/index.js';

export async function startMailServer(db: Db, port: number, host = '127.0.0.1') {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'Kejin local mail',
    async onData(stream, session, callback) {
      try {
        const mail = await simpleParser(stream);
        await db
          .insertInto('mailbox')
          .values({
            message_id: mail.messageId ?? `${Date.now()}-${Math.random()}`,
            mail_from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            rcpt_to: session.envelope.rcptTo.map((r) => r.address).join(', '),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
          })
          .onConflict((oc) => oc.column('message_id').doNothing())
          .execute();
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { url: `smtp://${host}:${port}`, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
