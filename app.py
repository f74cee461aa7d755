"""JD Generator: build the Gradio app and launch it (Hugging Face Spaces run this file).

Host and port come from Gradio's own GRADIO_SERVER_NAME / GRADIO_SERVER_PORT.
"""

from jd.settings import Settings
from jd.ui import build_app

demo = build_app(Settings.from_env())

if __name__ == "__main__":
    demo.launch()
