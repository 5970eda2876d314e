/**
 * Resident memory of a process and every process below it, from /proc (Linux): the batch
 * process of `court-intake process` and any child it forks (worker threads share their
 * process's memory, so they are in its figure). VmHWM, the kernel's own high-water mark,
 * catches a peak that rose and fell between two samples.
 */
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcMemory {
  pid: number;
  rssKb: number;
  hwmKb: number;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The pid and every descendant, through /proc/<pid>/task/<tid>/children. */
export function descendants(root: number): number[] {
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      for (const c of (read(`/proc/${pid}/task/${tid}/children`) ?? '').split(/\s+/)) if (c) stack.push(Number(c));
    }
  }
  return out;
}

export function memoryOf(pid: number): ProcMemory | undefined {
  const status = read(`/proc/${pid}/status`);
  if (!status) return undefined;
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { pid, rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
}

export function treeMemory(root: number): ProcMemory[] {
  return descendants(root)
    .map(memoryOf)
    .filter((m): m is ProcMemory => m !== undefined);
}
