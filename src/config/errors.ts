import type { z } from 'zod';

/** Bad configuration or data: the CLI prints every problem and exits 2. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** `cases[3].judge: must be …` — the path as a reader of the YAML file would write it. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(top level)';
}

export function formatZodIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => {
    if (i.code === 'unrecognized_keys') return `${formatPath(i.path)}: unknown key(s) ${i.keys.map((k) => `"${k}"`).join(', ')}`;
    return `${formatPath(i.path)}: ${i.message}`;
  });
}
