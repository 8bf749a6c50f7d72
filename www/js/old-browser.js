// Runs only in browsers without JavaScript modules (a `nomodule` script): says why nothing works.
document.getElementById('status').hidden = true;
document.getElementById('old-browser').hidden = false;
