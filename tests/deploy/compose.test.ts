import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TEMPORAL_SERVER_VERSION } from '../../scripts/dev/temporalServer.js';

const root = join(import.meta.dirname, '..', '..');
const file = join(root, 'docker-compose.yml');
const compose = parse(readFileSync(file, 'utf8'), { merge: true });

describe('production topology (docker-compose.yml)', () => {
  it('runs PostgreSQL, a Temporal cluster on it with its schema job, the Temporal UI, the API and the workers', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'api',
      'migrate',
      'postgres',
      'temporal',
      'temporal-schema',
      'temporal-ui',
      'worker',
    ]);
    // the same server version as the cluster topology builds from its Go module (scripts/dev/temporalServer.ts)
    expect(compose.services.temporal.image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION.slice(1)}`);
    expect(compose.services['temporal-schema'].image).toMatch(/^temporalio\/admin-tools:/);
    expect(compose.services['temporal-ui'].image).toMatch(/^temporalio\/ui:/);
    expect(compose.services.temporal.depends_on['temporal-schema'].condition).toBe('service_completed_successfully');
    expect(compose.services.temporal.environment.DB).toBe('postgres12');
    // Where the Compose plugin exists (not on this project's CI machine), the file must also pass its own check.
    if (spawnSync('docker', ['compose', 'version']).status === 0) {
      const checked = spawnSync('docker', ['compose', '-f', file, 'config', '--quiet'], { encoding: 'utf8' });
      expect(checked.status, checked.stderr).toBe(0);
    }
  });

  it('builds API and worker from the product image, pointed at the cluster, and lets the worker scale', () => {
    for (const name of ['api', 'worker']) {
      const service = compose.services[name];
      expect(service.build).toBe('.');
      expect(service.environment.TEMPORAL_ADDRESS).toBe('temporal:7233');
      // least privilege: the application role, after the migration job
      expect(service.environment.DATABASE_URL).toMatch(/^postgres:\/\/kejin_app:.*@postgres:5432\/kejin$/);
      expect(service.depends_on.migrate.condition).toBe('service_completed_successfully');
      // what Temporal stores is sealed: the keys are required, never defaulted
      expect(service.environment.PAYLOAD_KEYS).toMatch(/^\$\{PAYLOAD_KEYS:\?/);
    }
    // the Temporal UI is not published to the world, and opens payloads through the API's codec endpoint
    expect(compose.services['temporal-ui'].ports).toEqual(['127.0.0.1:8080:8080']);
    expect(compose.services['temporal-ui'].environment.TEMPORAL_CODEC_ENDPOINT).toMatch(/\/api\/temporal-codec$/);
    const migrate = compose.services.migrate;
    expect(migrate.command).toEqual(['npx', 'tsx', 'scripts/prod/migrate.ts']);
    expect(migrate.environment.ADMIN_DATABASE_URL).toMatch(/@postgres:5432\/kejin$/);
    expect(Object.keys(migrate.environment)).toEqual(
      expect.arrayContaining(['KEJIN_OWNER_PASSWORD', 'KEJIN_APP_PASSWORD']),
    );
    // `--scale worker=N` needs a worker without a fixed name or host port.
    expect(compose.services.worker.container_name).toBeUndefined();
    expect(compose.services.worker.ports).toBeUndefined();
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toMatch(/scripts\/prod\/api\.ts/);
  });
});
