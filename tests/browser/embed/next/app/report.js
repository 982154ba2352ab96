'use client';
// A client component: rendered on the server first (the browser modules must
// import there without touching the DOM), then bound in the browser with the
// engine in a Web Worker.
import { useEffect, useRef, useState } from 'react';
import { bindForm } from 'conduct-engine/form';
import 'conduct-engine/feedback';
import { connect } from 'conduct-engine/worker';

const INCIDENT = { schemaVersion: '1', actions: [{ id: 'a1', consent: { prior: false } }] };

export default function Report() {
  const form = useRef(null);
  const feedback = useRef(null);
  const [state, setState] = useState('loading');
  useEffect(() => {
    const worker = connect();
    const binding = bindForm(form.current, { worker, incident: INCIDENT, feedback: feedback.current });
    binding.ready.then(() => setState('ready'), (e) => {
      console.error(e);
      setState('failed');
    });
    return () => {
      binding.destroy();
      worker.terminate();
    };
  }, []);
  return (
    <form ref={form} id="report" data-state={state}>
      <p data-conduct-outcome></p>
      <fieldset data-pointer="/actions/0/justification/legal">
        <select name="actions[0].justification.legal.claimed" data-type="boolean" defaultValue="">
          <option value=""></option>
          <option value="true">yes</option>
          <option value="false">no</option>
        </select>
        <input name="actions[0].justification.legal.basis" />
        <textarea data-pointer="/actions/0/justification/legal/explanation" />
      </fieldset>
      <fieldset data-pointer="/actions/0/justification/ethical" />
      <fieldset data-pointer="/actions/0/justification/minimal" />
      <fieldset data-pointer="/actions/0/justification/beneficial" />
      <conduct-feedback ref={feedback}></conduct-feedback>
    </form>
  );
}
