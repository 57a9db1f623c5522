/* Renders /openapi.json as a readable page. Text goes in with textContent only. */
;(() => {
  var root = document.getElementById('routes')
  function el(tag, text, cls) {
    var e = document.createElement(tag)
    if (text != null) e.textContent = text
    if (cls) e.className = cls
    return e
  }
  function schemaBlock(title, schema) {
    var d = el('details')
    d.append(el('summary', title), el('pre', JSON.stringify(schema, null, 2)))
    return d
  }
  fetch('/openapi.json')
    .then((r) => r.json())
    .then((doc) => {
      root.textContent = ''
      Object.keys(doc.paths).forEach((path) => {
        var ops = doc.paths[path]
        Object.keys(ops).forEach((method) => {
          var op = ops[method]
          var s = el('section')
          var h = el('h2')
          h.append(el('span', method, `m ${method}`), el('code', path), el('span', (op.tags || []).join(', '), 'tag'))
          s.append(h)
          if (op.summary) s.append(el('p', op.summary))
          if (op.description) s.append(el('p', op.description))
          if (op.security?.length) s.append(el('p', 'Admin: Authorization: Bearer <API_KEY>', 'admin'))
          if (op.parameters?.length) {
            var t = el('table')
            op.parameters.forEach((p) => {
              var tr = el('tr')
              tr.append(el('td', p.name), el('td', p.in + (p.required ? ', required' : '')), el('td', JSON.stringify(p.schema)))
              t.append(tr)
            })
            s.append(t)
          }
          if (op.requestBody) s.append(schemaBlock('Request body', op.requestBody.content['application/json'].schema))
          var ul = el('ul')
          Object.keys(op.responses || {}).forEach((code) => {
            ul.append(el('li', `${code}: ${op.responses[code].description || ''}`))
          })
          s.append(ul)
          root.append(s)
        })
      })
    })
    .catch(() => {
      root.textContent = 'Could not load /openapi.json.'
    })
})()
