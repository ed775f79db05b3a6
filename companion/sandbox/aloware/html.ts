/**
 * The single-page-app shell Aloware serves, with HTTP 200, for any path it does not route — including guessed
 * API paths such as `/api/v1/webhook/calls`, as observed (companion/sandbox/aloware/README.md). Clients must check that
 * a response is JSON.
 */
export const SPA_SHELL = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width,initial-scale=1">
  <title>Aloware</title>
</head>
<body>
  <noscript>Aloware Talk needs JavaScript enabled to work properly.</noscript>
  <div id="q-app"></div>
  <script src="/js/app.js"></script>
</body>
</html>
`;
