// Saves each answer as soon as it is chosen (the form still works page by page without this).
document.addEventListener("change", function (event) {
  var field = event.target, form = field.form, item = field.getAttribute("data-item");
  if (!form || !item) return;
  var status = document.getElementById("saved-" + item), data = new FormData();
  var chosen = form.querySelector('input[name="answer-' + item + '"]:checked');
  var comment = form.querySelector('textarea[name="comment-' + item + '"]');
  data.append("csrf", form.elements.csrf.value);
  data.append("item", item);
  data.append("answer", chosen ? chosen.value : "");
  data.append("comment", comment ? comment.value : "");
  var send = function () {
    return fetch(form.getAttribute("data-answer-url"), {method: "POST", body: data, credentials: "same-origin"});
  };
  send()
    .catch(function () { return new Promise(function (wait) { setTimeout(wait, 1500); }).then(send); })  // once more
    .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
    .then(function (saved) {
      status.className = "saved"; status.textContent = form.getAttribute("data-saved");
      var bar = document.getElementById("answered-bar"), text = document.getElementById("answered-text");
      if (bar) { bar.max = saved.total; bar.value = saved.answered; }
      if (text) text.textContent = saved.progress;
    })
    .catch(function () { status.className = "saved error"; status.textContent = form.getAttribute("data-unsaved"); });
});
