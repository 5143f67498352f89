# The TagGraph API. Used by docker-compose.yml together with the neo4j:5.26-community image.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY settings settings
COPY graph graph
COPY setindex setindex
COPY services services
COPY api api
COPY cli cli
COPY ops ops
COPY datagen datagen
COPY refdata refdata
COPY cypher cypher
COPY bench bench
# Editable, so that the packages find the cypher/ folder beside them in /app.
RUN pip install --no-cache-dir -e .
# Schema, reference data and (on an empty database) the demo, then the API.
CMD ["sh", "-c", "taggraph migrate --demo && taggraph serve"]
