"""[evalsets] Eval sets for prompt engineers: run a prompt version through the real pipeline as an
experiment, score it, compare experiments, gate CI on the result, and document the model.

``schema`` (eval-set files) → ``runner`` (cases through the gateway) → ``scoring`` (per-case metrics)
→ ``experiments`` (rows in the evaluation store) → ``compare`` / ``gate`` / ``report_html``;
``modeldoc`` writes the model-risk documentation of a route from the store.
"""
