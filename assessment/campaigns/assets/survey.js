// Saves each answer as soon as it is chosen (the form still works page by page without this).
document.addEventListener("change", function (event) {
  var field = event.target, form = field.form, item = field.getAttribute("data-item");
  if (!form || !item) return;
  var status = document.getElementById("saved-" + item), data = new FormData();
  var picked = form.querySelector('select[name="answer-' + item + '"]');  // a practice's cell: a list to pick from
  var chosen = picked || form.querySelector('input[name="answer-' + item + '"]:checked');
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
    .then(function () {
      status.className = "saved"; status.textContent = form.getAttribute("data-saved");
      var fieldset = document.getElementById("item-" + item), bar = document.getElementById("answered-bar");
      var counted = fieldset.getAttribute("data-answered") === "1", now = chosen && chosen.value !== "";
      if (bar && counted !== now) {  // the progress: one more (or one fewer) item answered
        bar.value = bar.value + (now ? 1 : -1);
        fieldset.setAttribute("data-answered", now ? "1" : "0");
        document.getElementById("answered-text").textContent =
          form.getAttribute("data-progress").replace("{answered}", bar.value).replace("{total}", bar.max);
      }
    })
    .catch(function () { status.className = "saved error"; status.textContent = form.getAttribute("data-unsaved"); });
});
