// In a file of its own: the page's Content-Security-Policy allows no inline script.
window.onload = function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
};
