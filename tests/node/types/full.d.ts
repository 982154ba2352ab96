// `Full<T>`: T with every optional field required and every `null` removed,
// all the way down. A value of type Full<Incident> must spell out every field
// the types declare.
export type Full<T> = T extends Array<infer U>
  ? Array<Full<NonNullable<U>>>
  : T extends object
    ? { [K in keyof T]-?: Full<NonNullable<T[K]>> }
    : T;
