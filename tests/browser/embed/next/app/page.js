// A server component: the Node build judges during server-side rendering.
import { ConductEngine } from 'conduct-engine';
import Report from './report.js';

export const dynamic = 'force-dynamic';

export default function Page() {
  const verdict = new ConductEngine().evaluate({ schemaVersion: '1', actions: [{ id: 'a1', consent: { prior: false } }] });
  return (
    <main>
      <p id="server-outcome" data-outcome={verdict.outcome}>{verdict.outcome}</p>
      <Report />
    </main>
  );
}
