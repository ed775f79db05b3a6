// `@salesforce/apex` in the preview: every `@salesforce/apex/Class.method` import is a function that posts its
// parameters to the preview server's Apex adapter, and also a wire adapter (`@wire(getSettings)`), as on the
// platform. Errors reach the panel in the shape of an AuraHandledException: `{ status, body: { message } }`.

const refreshers = new WeakMap();

async function invoke(name, params) {
  const res = await fetch(`/apex/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params || {}),
  });
  const body = await res.json().catch(() => ({ message: `${res.status} ${res.statusText}` }));
  if (!res.ok) throw { status: res.status, statusText: res.statusText, ok: false, body };
  return body.result;
}

export function apexMethod(name) {
  const call = (params) => invoke(name, params);
  call.adapter = class ApexWireAdapter {
    constructor(dataCallback) {
      this.dataCallback = dataCallback;
      this.config = undefined;
      this.connected = false;
    }
    connect() {
      this.connected = true;
      if (this.config) this.fetch();
    }
    update(config) {
      this.config = config || {};
      if (this.connected) this.fetch();
    }
    disconnect() {
      this.connected = false;
    }
    fetch() {
      return invoke(name, this.config).then(
        (data) => this.emit({ data, error: undefined }),
        (error) => this.emit({ data: undefined, error }),
      );
    }
    emit(value) {
      refreshers.set(value, () => this.fetch());
      if (this.connected) this.dataCallback(value);
    }
  };
  return call;
}

/** refreshApex(wiredValue): fetches that wire again. */
export function refreshApex(value) {
  const refresh = value && refreshers.get(value);
  return refresh ? refresh() : Promise.resolve();
}
