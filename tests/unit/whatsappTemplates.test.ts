import { templateComponents, templateVariables } from '../../src/channels/whatsapp/templates';
import { serviceWindowOf, SERVICE_WINDOW_MS } from '../../src/channels/whatsapp/serviceWindow';

test("a template's variables are its body's parameters, in order, with Meta's examples", () => {
  expect(
    templateVariables([
      { type: 'HEADER', format: 'TEXT', text: 'Pedido {{1}}' },
      {
        type: 'BODY',
        text: 'Olá {{1}}, o pedido {{2}} sai {{3}}. Obrigado, {{1}}!',
        example: { body_text: [['Maria', '4521']] },
      },
      { type: 'FOOTER', text: 'Loja' },
    ]),
  ).toEqual([
    { name: '1', example: 'Maria' },
    { name: '2', example: '4521' },
    { name: '3', example: null },
  ]);
  expect(
    templateVariables([
      {
        type: 'BODY',
        text: 'Oi {{ first_name }}, seu código é {{code}}',
        example: { body_text_named_params: [{ param_name: 'code', example: '998877' }] },
      },
    ]),
  ).toEqual([
    { name: 'first_name', example: null },
    { name: 'code', example: '998877' },
  ]);
  expect(templateVariables([{ type: 'BODY', text: 'Sem variáveis.' }])).toEqual([]);
  expect(templateVariables([])).toEqual([]);
});

test('variables become the body component Meta takes', () => {
  expect(templateComponents(['Maria', '4521'])).toEqual([
    {
      type: 'body',
      parameters: [
        { type: 'text', text: 'Maria' },
        { type: 'text', text: '4521' },
      ],
    },
  ]);
  expect(templateComponents([])).toEqual([]);
});

test('the 24-hour window closes 24 h after the customer last wrote', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const justInside = new Date(now.getTime() - SERVICE_WINDOW_MS);
  expect(serviceWindowOf(justInside, now)).toEqual({ open: true, closesAt: now.toISOString() });
  expect(serviceWindowOf(new Date(justInside.getTime() - 1), now).open).toBe(false);
  expect(serviceWindowOf(null, now)).toEqual({ open: false, closesAt: null });
});
