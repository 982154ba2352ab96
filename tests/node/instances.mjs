// The package's WebAssembly instances, which it exports to nobody: tests
// that measure memory see them by watching WebAssembly.Instance.

/**
 * Calls `seen(instance)` for every WebAssembly.Instance made from now on;
 * returns the function that stops watching.
 */
export function watchInstances(seen) {
  const Original = WebAssembly.Instance;
  WebAssembly.Instance = new Proxy(Original, {
    construct(target, args, newTarget) {
      const created = Reflect.construct(target, args, newTarget);
      seen(created);
      return created;
    },
  });
  return () => {
    WebAssembly.Instance = Original;
  };
}
