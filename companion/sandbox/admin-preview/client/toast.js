// `lightning/platformShowToastEvent` in the preview: the event Lightning turns into a toast; the preview shell
// (main.js) listens for it and shows an SLDS toast.
export class ShowToastEvent extends CustomEvent {
  constructor(toast) {
    super('lightning__showtoast', { bubbles: true, composed: true, cancelable: true, detail: toast });
  }
}
