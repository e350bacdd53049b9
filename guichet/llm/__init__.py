"""Language models, reached only through the ``openai`` client.

Guichet knows a model by a base URL, a model name and a key: the small
local model served in-process (:mod:`guichet.llm.local`), OpenAI, Azure
OpenAI, Mistral, vLLM, Ollama or a sovereign endpoint all look the same.
"""

from guichet.llm.client import ModelClient, open_model

__all__ = ["ModelClient", "open_model"]
