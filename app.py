"""JD Generator: build the Gradio app and launch it (Hugging Face Spaces run this file).

Host and port come from Gradio's own GRADIO_SERVER_NAME / GRADIO_SERVER_PORT.
"""

from jd.settings import Settings
from jd.ui import build_app

settings = Settings.from_env()
demo = build_app(settings)

if __name__ == "__main__":
    demo.launch(mcp_server=settings.mcp_server)  # AI assistants' tools at /gradio_api/mcp/ (JD_MCP=0: off)
