// The boundary's types (module: nodenext): ConductError is a class to test
// with instanceof, one for both entries; its codes include invalid_argument
// and freed; arguments of the wrong type do not compile.
import { ConductEngine, ConductError, ConductSession } from 'conduct-engine';
import type { ConductErrorCode, ValidationProblem } from 'conduct-engine';
import * as rego from 'conduct-engine/rego';

function codeOf(call: () => unknown): ConductErrorCode | null {
  try {
    call();
    return null;
  } catch (e) {
    if (e instanceof ConductError) {
      const where: string | null = e.path;
      const problems: ValidationProblem[] = e.problems;
      console.log(where, problems.length, e.location?.file);
      return e.code;
    }
    throw e;
  }
}

const engine = new ConductEngine();
const session = engine.session({ schemaVersion: '1' });
const codes: Array<ConductErrorCode | null> = [
  codeOf(() => session.free()),
  codeOf(() => engine.free()),
  codeOf(() => engine.stats()),
];
const wanted: ConductErrorCode[] = ['invalid_argument', 'freed'];
// One class for both entries.
const same: typeof ConductError = rego.ConductError;

// @ts-expect-error sessions are opened by engine.session(incident)
new ConductSession();
// @ts-expect-error a JSON Pointer is a string
session.update(42, 1);
// @ts-expect-error remove takes a JSON Pointer
session.remove();
// @ts-expect-error options are an object, not a locale
engine.evaluate({ schemaVersion: '1' }, 'nl');
// @ts-expect-error evaluateJson takes JSON text
engine.evaluateJson({ schemaVersion: '1' });
// @ts-expect-error addPolicy takes a path and a source, both text
new rego.ConductEngine().addPolicy(1, 2);
// @ts-expect-error evaluateRego takes JSON text
rego.evaluateRego({ modules: [], query: '1' });
// @ts-expect-error an unknown error code
const unknown: ConductErrorCode = 'crashed';

export { codes, wanted, same, unknown };
