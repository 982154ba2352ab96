// The browser builds' loaders (moduleResolution: bundler): what init and
// initSync take, for the default entry and the partner entry alike.
import init, { initSync, ConductEngine } from 'conduct-engine';
import initRego, { initSync as initRegoSync, ConductEngine as RegoEngine } from 'conduct-engine/rego';

export async function load(url: URL, bytes: ArrayBuffer, module: WebAssembly.Module): Promise<number> {
  await init();
  await init({ module_or_path: url });
  await init(url.href);
  await initRego({ module_or_path: bytes });
  await initRego(module);
  initSync({ module: bytes });
  initRegoSync({ module });
  // @ts-expect-error init takes a URL, a Response, bytes, a module or { module_or_path }
  await init(42);
  // @ts-expect-error initSync takes { module }
  initSync(bytes, 1);
  // (No such check for the partner entry's init: it takes a
  // WebAssembly.Module, whose type is an empty interface that any value
  // fits; at run time it refuses a wrong argument like the other.)
  return new ConductEngine().rules().length + new RegoEngine().rules().length;
}
