/**
 * A fuzzer in the suite (issue 11): schemathesis, from PyPI in the project's Python environment
 * beside the Temporal binaries, generates requests for every operation of `/openapi.json` against
 * a product of its own (it may publish rule sets and create users), with the tokens of three roles,
 * its stateful phase following the links between operations, with a new seed each run. No answer
 * may be a 5xx, and every answer must match the responses the document declares (which declares
 * only what each operation can answer: api/openapiDocument.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateTemporal } from '../../scripts/dev/temporal-bin.mjs';
import { type PrivateProduct, productClient, startPrivateProduct } from '../support/product.js';

let product: PrivateProduct;
beforeAll(async () => {
  product = await startPrivateProduct('fuzz');
}, 180_000);
afterAll(() => product?.dispose(), 60_000);
const { token } = productClient(() => product.apiUrl);
/** A new seed each run, printed; `FUZZ_SEED=<seed> npm test` sends the same inputs again. */
const SEED = Number(process.env.FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);
console.log(`[kejin] schemathesis seed ${SEED} (replay: FUZZ_SEED=${SEED})`);

describe('schemathesis against /openapi.json', () => {
  it.each(['applicant1', 'gz_reviewer', 'admin'])(
    'finds no 5xx and no undocumented answer as %s',
    async (username) => {
      const st = locateTemporal('fuzzer');
      expect(st, 'schemathesis is installed by the project').not.toBeNull();
      const run = spawnSync(
        st!,
        [
          'run',
          `${product.apiUrl}/openapi.json`,
          '--header',
          `Authorization: Bearer ${await token(username)}`,
          '--checks',
          'not_a_server_error,status_code_conformance,response_schema_conformance',
          '--max-examples',
          '8',
          '--seed',
          String(SEED),
          '--workers',
          '2',
          '--request-timeout',
          '30',
          // signing out would end the session every other request runs in
          '--exclude-path',
          '/api/auth/logout',
          // an endless event stream: each case would wait out the request timeout
          '--exclude-path',
          '/api/events',
          '--generation-with-security-parameters',
          'false',
        ],
        // its example cache goes to the product's throw-away folder, not into the clone
        { encoding: 'utf8', timeout: 300_000, cwd: product.dataDir, env: { ...process.env, NO_COLOR: '1' } },
      );
      const output = `${run.stdout}\n${run.stderr}`;
      const report = join(import.meta.dirname, '..', '..', '.test-results', `schemathesis-${username}.txt`);
      mkdirSync(join(report, '..'), { recursive: true });
      writeFileSync(report, output);
      expect(
        run.status,
        `schemathesis (seed ${SEED}) found failures (its whole output: ${report}):\n${output.slice(-4000)}`,
      ).toBe(0);
    },
    320_000,
  );
});
