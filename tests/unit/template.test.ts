import { renderTemplate, templateVariables, unknownVariables } from '../../src/text/template';
import { cannedValues } from '../../src/cannedResponses/variables';

// The strict {{variable}} renderer of src/text/template.ts.

test('replaces known variables, with fallbacks for missing values, and leaves other braces as text', () => {
  const values = { 'contact.firstName': 'Joana', 'contact.name': null, 'chat.protocol': '  ' };
  expect(renderTemplate('Olá, {{contact.firstName}}! {{ contact.name | cliente }} #{{chat.protocol}}.', values)).toBe(
    'Olá, Joana! cliente #.',
  );
  expect(renderTemplate('{x} {{ }} {{a b}} {{contact.firstName', values)).toBe('{x} {{ }} {{a b}} {{contact.firstName');
  // A name the values do not know stays as written; callers refuse it first with unknownVariables.
  expect(renderTemplate('{{other.thing}}', values)).toBe('{{other.thing}}');
});

test('never re-reads what it put in: a value that looks like a variable stays text', () => {
  expect(
    renderTemplate('{{contact.name}} {{chat.protocol}}', { 'contact.name': '{{chat.protocol}}', 'chat.protocol': '1' }),
  ).toBe('{{chat.protocol}} 1');
});

test('lists variables and the unknown ones once each', () => {
  expect(templateVariables('a {{x.y|z}} b {{w}}')).toEqual([
    { name: 'x.y', fallback: 'z', index: 2 },
    { name: 'w', fallback: null, index: 14 },
  ]);
  expect(unknownVariables('{{a}} {{b}} {{a}} {{c}}', ['c'])).toEqual(['a', 'b']);
});

test('first names are the first word; blank names are missing', () => {
  expect(cannedValues({ contactName: '  Joana Maria ', protocol: '20261201000042', attendantName: '' })).toEqual({
    'contact.name': 'Joana Maria',
    'contact.firstName': 'Joana',
    'chat.protocol': '20261201000042',
    'attendant.name': null,
    'attendant.firstName': null,
  });
});
