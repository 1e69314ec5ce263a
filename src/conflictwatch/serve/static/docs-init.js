// Swagger UI, vendored (swagger-ui-dist 5.35.0): the API's documentation without the internet.
window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true});
