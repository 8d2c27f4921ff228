// @peculiar/x509 depends on tsyringe, which refuses to load unless a `Reflect.getMetadata`
// polyfill exists (it reads decorator metadata). The project has no reflect-metadata package,
// so this installs the three functions tsyringe calls (getMetadata, getOwnMetadata,
// defineMetadata), backed by a WeakMap, and only when they are absent. Import it before
// '@peculiar/x509' (secret.ts does).
type MetaStore = WeakMap<object, Map<string | symbol | undefined, Map<unknown, unknown>>>;
const store: MetaStore = new WeakMap();

interface ReflectWithMetadata {
  getMetadata?: (key: unknown, target: object, prop?: string | symbol) => unknown;
  getOwnMetadata?: (key: unknown, target: object, prop?: string | symbol) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: object, prop?: string | symbol) => void;
}

const R = Reflect as unknown as ReflectWithMetadata;

function own(target: object, prop: string | symbol | undefined, create: boolean): Map<unknown, unknown> | undefined {
  let byProp = store.get(target);
  if (!byProp) {
    if (!create) return undefined;
    byProp = new Map();
    store.set(target, byProp);
  }
  let m = byProp.get(prop);
  if (!m && create) {
    m = new Map();
    byProp.set(prop, m);
  }
  return m;
}

if (typeof R.getMetadata !== 'function') {
  R.getOwnMetadata = (key, target, prop) => own(target, prop, false)?.get(key);
  R.defineMetadata = (key, value, target, prop) => {
    own(target, prop, true)?.set(key, value);
  };
  R.getMetadata = (key, target, prop) => {
    let t: object | null = target;
    while (t) {
      const m = own(t, prop, false);
      if (m?.has(key)) return m.get(key);
      t = Object.getPrototypeOf(t) as object | null;
    }
    return undefined;
  };
}

export {};
