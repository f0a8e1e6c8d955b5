/**
 * Imported first by the workflow bundle. Each new workflow evaluates its modules afresh, and
 * zod's JIT would compile every schema a module parses at load (the default step configurations)
 * with `new Function` — about 10 ms of every new case. Workflows parse little, so they parse
 * without the JIT; the API keeps it.
 */
import { config } from 'zod';

config({ jitless: true });
