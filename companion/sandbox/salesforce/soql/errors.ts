// SOQL errors carry the REST errorCode so routes can answer 400 with the Salesforce shape.
export class SoqlError extends Error {
  constructor(
    readonly errorCode:
      'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE' | 'INVALID_QUERY_FILTER_OPERATOR',
    message: string,
  ) {
    super(message);
  }
}

/** Salesforce's message layout: the query, a caret under the column, the row/column and the reason. */
export function positioned(soql: string, token: string, reason: string): string {
  const index = Math.max(0, soql.search(new RegExp(`\\b${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`)));
  return `\n${soql}\n${' '.repeat(index)}^\nERROR at Row:1:Column:${index + 1}\n${reason}`;
}
