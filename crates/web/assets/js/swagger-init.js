// Starts the vendored Swagger UI on our OpenAPI description (a file, because the CSP forbids inline script).
window.addEventListener("load", function () {
  "use strict";
  window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
