/**
 * Imported first by the workflow bundle, and preloaded: zod is then one module shared by every
 * workflow instead of evaluated afresh for each new case (the SDK's `preloadModules`). Shared
 * modules are frozen after the preload, and zod installs each schema type's members on its
 * prototype when the first schema of that type is built: so every type the workflows build is
 * built once here, before the freeze. A type missing here fails every new workflow at once with
 * "Cannot define property …, object is not extensible" (the workflow tests would show it).
 *
 * Workflows parse little, so they parse without zod's JIT (`new Function` per schema); the API
 * keeps it.
 */
import { config, z } from 'zod';

config({ jitless: true });

const warm = z
  .object({
    s: z.string().trim().min(1).max(2).regex(/x/).endsWith('x').toUpperCase().describe('s').optional(),
    n: z.number().int().positive().nonnegative().gt(0).min(0).max(1).nullable().default(null),
    e: z.enum(['a']),
    a: z.array(z.boolean()).min(1),
    r: z.record(z.string(), z.unknown()),
    p: z.partialRecord(z.enum(['a']), z.number()),
    u: z.union([z.string(), z.number()]),
    m: z.email({ pattern: /@/ }),
    t: z.iso.datetime({ offset: true }),
  })
  .partial()
  .extend({ x: z.string() })
  .omit({ x: true })
  .refine(() => true)
  .superRefine(() => {})
  .check(() => {});
warm.safeParse({});
