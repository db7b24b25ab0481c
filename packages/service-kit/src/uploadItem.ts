import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { translateStorageErrors } from './transientErrors';
import type { Transition } from './upload/lifecycle';
import type { UploadRecord } from './upload/record';

/**
 * How an upload record is stored: a DynamoDB item keyed by `Id`. Only adapters use this file (through
 * the kit's `aws` entry); use cases see the record.
 *
 * `metadata` and `error` are stored as JSON text, not as DynamoDB maps: the core may return any
 * double an image holds (a float tag of -3.4e38, a double of 1.3e102, a denormal), and DynamoDB's
 * numbers (38 digits, 1e-130 to 1e126) and the SDK's marshaller (safe integers only) cannot take
 * them all, whereas JSON keeps every one exactly. Nothing queries inside them.
 */
export type UploadItem = Record<string, unknown>;

const JSON_ATTRIBUTES = new Set(['metadata', 'error']);

/** Domain fields as item attributes: `id` → `Id`, JSON attributes as text. */
export function itemAttributes(fields: Partial<UploadRecord>): UploadItem {
  const item: UploadItem = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    item[name === 'id' ? 'Id' : name] = JSON_ATTRIBUTES.has(name) ? JSON.stringify(value) : value;
  }
  return item;
}

/** The record an item holds (items written before JSON text held maps: both are read). */
export function fromItem(item: UploadItem): UploadRecord {
  const { Id, ...rest } = item;
  const record: Record<string, unknown> = { id: Id };
  for (const [name, value] of Object.entries(rest)) record[name] = JSON_ATTRIBUTES.has(name) && typeof value === 'string' ? JSON.parse(value) : value;
  return record as unknown as UploadRecord;
}

/** One upload record, read strongly consistent so that a poll never goes back in time. */
export async function readUploadRecord(client: DynamoDBDocumentClient, tableName: string, id: string): Promise<UploadRecord | null> {
  const { Item } = await translateStorageErrors(() => client.send(new GetCommand({ TableName: tableName, Key: { Id: id }, ConsistentRead: true })));
  return Item ? fromItem(Item) : null;
}

/**
 * Applies one lifecycle transition as a single conditional UpdateItem: the status and `set` written,
 * `remove` removed, `add` added, only if the table of transitions allows it for the stored record
 * (and `etag`). Resolves to the updated attributes, or null when the transition was not allowed.
 */
export async function applyTransition(
  client: DynamoDBDocumentClient,
  tableName: string,
  change: {
    id: string;
    transition: Transition;
    etag?: string;
    set?: Partial<UploadRecord>;
    remove?: (keyof UploadRecord)[];
    add?: Partial<Record<keyof UploadRecord, number>>;
  },
): Promise<UploadItem | null> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':to': change.transition.to };
  const name = (attribute: string) => {
    const placeholder = `#${attribute}`;
    names[placeholder] = attribute;
    return placeholder;
  };
  const sets = ['#status = :to'];
  for (const [attribute, value] of Object.entries(itemAttributes(change.set ?? {}))) {
    values[`:set_${attribute}`] = value;
    sets.push(`${name(attribute)} = :set_${attribute}`);
  }
  let update = `SET ${sets.join(', ')}`;
  if (change.remove?.length) update += ` REMOVE ${change.remove.map(name).join(', ')}`;
  const adds = Object.entries(change.add ?? {});
  if (adds.length)
    update += ` ADD ${adds.map(([attribute, amount]) => ((values[`:add_${attribute}`] = amount), `${name(attribute)} :add_${attribute}`)).join(', ')}`;

  // DynamoDB refuses redundant parentheses: an alternative is wrapped only when it stands beside another.
  const alternatives: { text: string; compound: boolean }[] = [];
  const statuses = (list: readonly string[], prefix: string) => list.map((status, i) => ((values[`:${prefix}${i}`] = status), `:${prefix}${i}`)).join(', ');
  if (change.transition.from.length) alternatives.push({ text: `#status IN (${statuses(change.transition.from, 'from')})`, compound: false });
  if (change.transition.resumes.length && change.etag !== undefined) {
    values[':etag'] = change.etag;
    alternatives.push({ text: `#status IN (${statuses(change.transition.resumes, 'resumes')}) AND ${name('etag')} = :etag`, compound: true });
  }
  if (!alternatives.length) return null;
  const allowed = alternatives.length === 1 ? alternatives[0]!.text : `(${alternatives.map((a) => (a.compound ? `(${a.text})` : a.text)).join(' OR ')})`;
  let condition = `attribute_exists(Id) AND ${allowed}`;
  if (change.transition.withoutVisual) condition += ` AND attribute_not_exists(${name('visual')})`;
  if (change.transition.openMultipart) condition += ` AND attribute_exists(${name('multipart')}) AND attribute_not_exists(${name('partsCompletedAt')})`;

  try {
    const { Attributes } = await translateStorageErrors(() =>
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { Id: change.id },
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return Attributes ?? {};
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return null;
    throw error;
  }
}
