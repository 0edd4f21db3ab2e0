import type { FormInstance } from 'antd';
import { FIELD_LABELS } from '@xianfeng/shared';
import { ApiError, errorMessage } from '../api/client.ts';

/**
 * Puts the server's validation details on the form fields they name (`details[].field`), and
 * returns a message for whatever could not be placed (or the whole error when there are none).
 */
export function applyServerErrors(form: FormInstance, error: unknown, fieldNames?: string[]): string | null {
  if (!(error instanceof ApiError)) return errorMessage(error);
  const known = new Set(fieldNames ?? Object.keys(form.getFieldsValue(true)));
  const placed: { name: string; errors: string[] }[] = [];
  const rest: string[] = [];
  for (const d of error.fieldErrors) {
    const name = d.field.split('.')[0];
    if (name && known.has(name)) {
      // The server prefixes the field label ("公民身份号码：…"); next to the field it is redundant.
      const label = FIELD_LABELS[name];
      const text = label && d.message.startsWith(`${label}：`) ? d.message.slice(label.length + 1) : d.message;
      const existing = placed.find((p) => p.name === name);
      if (existing) existing.errors.push(text);
      else placed.push({ name, errors: [text] });
    } else rest.push(d.message);
  }
  if (placed.length) form.setFields(placed);
  if (!placed.length) return error.message;
  return rest.length ? rest.join('；') : null;
}
