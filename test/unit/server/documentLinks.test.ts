import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { computeDocumentLinks, registryPage } from '../../../server/src/documentLinks';
import { show } from './textPositions';

function links(text: string): string[] {
  return computeDocumentLinks(parseDockerfile(text)).map((l) => `${show(text, l.range)} -> ${l.target}`);
}

describe('registryPage', () => {
  it('knows Docker Hub official and user images, with or without docker.io', () => {
    assert.equal(registryPage('alpine:3.20')?.url, 'https://hub.docker.com/_/alpine');
    assert.equal(registryPage('docker.io/library/node@sha256:0123')?.url, 'https://hub.docker.com/_/node');
    assert.equal(registryPage('bitnami/redis:7')?.url, 'https://hub.docker.com/r/bitnami/redis');
    assert.equal(registryPage('index.docker.io/grafana/grafana')?.url, 'https://hub.docker.com/r/grafana/grafana');
  });

  it('knows the other public registries', () => {
    assert.equal(registryPage('ghcr.io/owner/tool:1')?.url, 'https://ghcr.io/owner/tool');
    assert.equal(registryPage('quay.io/prometheus/node-exporter:v1')?.url, 'https://quay.io/repository/prometheus/node-exporter');
    assert.equal(registryPage('mcr.microsoft.com/dotnet/sdk:8.0')?.url, 'https://mcr.microsoft.com/artifact/mar/dotnet/sdk');
    assert.equal(registryPage('gcr.io/distroless/static-debian12')?.url, 'https://console.cloud.google.com/gcr/images/distroless/GLOBAL/static-debian12');
    assert.equal(registryPage('eu.gcr.io/proj/app')?.url, 'https://console.cloud.google.com/gcr/images/proj/EU/app');
    assert.equal(registryPage('us-docker.pkg.dev/proj/repo/app:1')?.url, 'https://console.cloud.google.com/artifacts/docker/proj/us/repo/app');
    assert.equal(registryPage('public.ecr.aws/lambda/python:3.12')?.url, 'https://gallery.ecr.aws/lambda/python');
  });

  it('has no page for private registries or names that are not references', () => {
    assert.equal(registryPage('localhost:5000/app'), undefined);
    assert.equal(registryPage('registry.example.com/team/app'), undefined);
    assert.equal(registryPage('${BASE}'), undefined);
    assert.equal(registryPage('Upper/Case'), undefined);
  });

  it('measures the name without tag or digest', () => {
    assert.equal(registryPage('ghcr.io/o/n:1@sha256:ab')?.nameLength, 'ghcr.io/o/n'.length);
  });
});

describe('computeDocumentLinks', () => {
  it('links images, not stages or scratch, and follows global ARGs', () => {
    const text = [
      '# syntax=docker/dockerfile:1.7',
      'ARG BASE=python:3.12-slim',
      'FROM golang:1.22 AS build',
      'FROM ${BASE}',
      'COPY --from=build /a /a',
      'COPY --from=nginx:latest /etc/nginx /etc/nginx',
      'RUN --mount=type=bind,from=busybox,target=/bb true',
      'FROM scratch',
      'FROM build',
    ].join('\n');
    assert.deepEqual(links(text), [
      '0:9 docker/dockerfile -> https://hub.docker.com/r/docker/dockerfile',
      '2:5 golang -> https://hub.docker.com/_/golang',
      '3:5 ${BASE} -> https://hub.docker.com/_/python',
      '5:12 nginx -> https://hub.docker.com/_/nginx',
      '6:27 busybox -> https://hub.docker.com/_/busybox',
    ]);
  });

  it('links web addresses in comments and LABEL values', () => {
    const text = '# see https://example.com/docs.\nFROM alpine\nLABEL org.opencontainers.image.source="https://github.com/o/r"\n';
    assert.deepEqual(links(text), [
      '0:6 https://example.com/docs -> https://example.com/docs',
      '1:5 alpine -> https://hub.docker.com/_/alpine',
      '2:39 https://github.com/o/r -> https://github.com/o/r',
    ]);
  });
});
