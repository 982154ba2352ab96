// A browser / bundler TypeScript user (moduleResolution: bundler): the
// default export is the async initialiser.
import init, { initSync, ConductEngine } from 'conduct-engine';
import type { Verdict } from 'conduct-engine';

export async function judge(): Promise<Verdict> {
  await init();
  return new ConductEngine().evaluate({ schemaVersion: '1', actions: [] });
}

export function judgeSync(bytes: ArrayBuffer): Verdict {
  initSync({ module: bytes });
  return new ConductEngine().evaluate({ schemaVersion: '1' });
}
