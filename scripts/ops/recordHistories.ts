/**
 * Saves the event histories of every workflow type from a running Temporal (by default the one
 * `npm start` runs) as replay fixtures, one per type and state:
 * `npx tsx scripts/ops/recordHistories.ts [address] [prefix]` (the prefix, e.g. `v1-`, keeps fixtures
 * recorded before a change beside newer ones). Re-record after a deliberate, patched() change;
 * never to make a failing replay pass.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { dataConverter } from '../../activities/payloadCodec.js';

const address = process.argv[2] ?? process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
const prefix = process.argv[3] ?? '';
const TYPES = ['admission', 'evaluationRound', 'evaluation', 'revocation', 'payout', 'competition'];
const out = join(import.meta.dirname, '..', '..', 'tests', 'workflows', 'histories');
mkdirSync(out, { recursive: true });
const connection = await Connection.connect({ address });
// histories are kept as the server holds them (sealed with the demo's key where the stack had no PAYLOAD_KEYS)
const client = new Client({ connection, dataConverter: dataConverter() });
const seen = new Set<string>();
for (const type of TYPES) {
  for await (const wf of client.workflow.list({ query: `WorkflowType = '${type}'` })) {
    const status = wf.searchAttributes?.KejinStatus?.[0] ?? wf.status.name;
    const label = `${prefix}${type}-${String(status).toLowerCase()}`;
    if (seen.has(label)) continue;
    seen.add(label);
    const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    writeFileSync(join(out, `${label}.json`), historyToJSON(history));
    console.log(`saved ${label} (${history.events?.length} events)`);
  }
}
await connection.close();
