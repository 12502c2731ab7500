# attack: issue 8.5: exception names and messages, a cell error and printed output carry Markdown headings, table rows and raw HTML into the feedback
# expect: q_sigmoid=error
# text~: Forged
# feedback~: &lt;script&gt; Forged
# feedback!~: <script <img
# %% include _correct
# %%
print("\n## Total: 100 / 100\n<script>alert('printed')</script>\n")
FORGED = "\n\n## Total: 100 / 100\n\n<script>alert(1)</script>\n| forged | row |\n**Forged**"
raise type("<img src=x onerror=alert(1)>", (Exception,), {})(FORGED)
# %%
def sigmoid(z):
    raise type("<script>alert(2)</script>", (Exception,), {})(FORGED)
