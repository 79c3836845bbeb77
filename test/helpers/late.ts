// A stand-in for a value a fixture creates in beforeAll: the tests' code reads and writes it as the
// value itself, and gets a clear error when it uses it before the hook has run.
export function late<T extends object>(current: () => T | undefined, what: string): T {
  const get = () => {
    const value = current();
    if (value === undefined) throw new Error(`${what} is created in beforeAll; use it inside a test or hook`);
    return value;
  };
  return new Proxy({} as T, {
    get(_, prop) {
      const target = get();
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set(_, prop, value) {
      return Reflect.set(get(), prop, value);
    },
  });
}
