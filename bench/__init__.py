"""The benchmark: safetykg beside jieba, rdflib-endpoint and the Oxigraph server (``python -m bench``)."""
