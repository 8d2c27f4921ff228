// JSON schemas for the kinds hopscope reads, for monaco-yaml (validation,
// completion, hover). One schema for every document; the right branch is
// chosen by apiVersion + kind (if/then), so a multi-document paste validates
// each document against its own kind. Descriptions are the hover text.
import { tr } from '../i18n';

type Schema = Record<string, unknown>;

const str = (d: string): Schema => ({ type: 'string', description: d });
const bool = (d: string): Schema => ({ type: 'boolean', description: d });
const int = (d: string): Schema => ({ type: 'integer', description: d });
const map = (d: string): Schema => ({ type: 'object', description: d, additionalProperties: { type: 'string' } });

const labelSelector = (d: string): Schema => ({
  type: 'object',
  description: d,
  properties: {
    matchLabels: map(tr('schema.matchLabels')),
    matchExpressions: {
      type: 'array',
      description: tr('schema.matchExpressions'),
      items: {
        type: 'object',
        required: ['key', 'operator'],
        properties: {
          key: str(tr('schema.matchExpressions.key')),
          operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'], description: tr('schema.matchExpressions.operator') },
          values: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
});

const metadata: Schema = {
  type: 'object',
  description: tr('schema.metadata'),
  properties: {
    name: str(tr('schema.metadata.name')),
    namespace: str(tr('schema.metadata.namespace')),
    labels: map(tr('schema.metadata.labels')),
    annotations: map(tr('schema.metadata.annotations')),
  },
};

const portRef: Schema = {
  type: 'object',
  description: tr('schema.ingress.port'),
  properties: { number: int(tr('schema.ingress.port.number')), name: str(tr('schema.ingress.port.name')) },
};

const ingressBackend: Schema = {
  type: 'object',
  description: tr('schema.ingress.backend'),
  properties: {
    service: {
      type: 'object',
      required: ['name', 'port'],
      properties: { name: str(tr('schema.ingress.backend.service')), port: portRef },
    },
    resource: { type: 'object', description: tr('schema.ingress.backend.resource') },
  },
};

const ingress: Schema = {
  type: 'object',
  description: tr('schema.ingress'),
  properties: {
    ingressClassName: str(tr('schema.ingress.class')),
    defaultBackend: ingressBackend,
    rules: {
      type: 'array',
      description: tr('schema.ingress.rules'),
      items: {
        type: 'object',
        properties: {
          host: str(tr('schema.ingress.host')),
          http: {
            type: 'object',
            required: ['paths'],
            properties: {
              paths: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['pathType', 'backend'],
                  properties: {
                    path: str(tr('schema.ingress.path')),
                    pathType: { enum: ['Exact', 'Prefix', 'ImplementationSpecific'], description: tr('schema.ingress.pathType') },
                    backend: ingressBackend,
                  },
                },
              },
            },
          },
        },
      },
    },
    tls: {
      type: 'array',
      description: tr('schema.ingress.tls'),
      items: { type: 'object', properties: { hosts: { type: 'array', items: { type: 'string' } }, secretName: str(tr('schema.ingress.tls.secret')) } },
    },
  },
};

const podTemplateSpec: Schema = {
  type: 'object',
  properties: {
    nodeName: str(tr('schema.pod.nodeName')),
    nodeSelector: map(tr('schema.pod.nodeSelector')),
    hostNetwork: bool(tr('schema.pod.hostNetwork')),
    containers: {
      type: 'array',
      description: tr('schema.pod.containers'),
      items: {
        type: 'object',
        required: ['name'],
        properties: {
          name: str(tr('schema.pod.container.name')),
          image: str(tr('schema.pod.container.image')),
          ports: {
            type: 'array',
            items: { type: 'object', properties: { name: { type: 'string' }, containerPort: int(tr('schema.pod.containerPort')), protocol: { enum: ['TCP', 'UDP', 'SCTP'] } } },
          },
        },
      },
    },
  },
};

const deployment: Schema = {
  type: 'object',
  description: tr('schema.deployment'),
  properties: {
    replicas: int(tr('schema.deployment.replicas')),
    selector: labelSelector(tr('schema.deployment.selector')),
    template: { type: 'object', properties: { metadata, spec: podTemplateSpec } },
  },
};

const service: Schema = {
  type: 'object',
  description: tr('schema.service'),
  properties: {
    type: { enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'], description: tr('schema.service.type') },
    clusterIP: str(tr('schema.service.clusterIP')),
    selector: map(tr('schema.service.selector')),
    externalTrafficPolicy: { enum: ['Cluster', 'Local'], description: tr('schema.service.etp') },
    loadBalancerIP: str(tr('schema.service.loadBalancerIP')),
    loadBalancerClass: str(tr('schema.service.loadBalancerClass')),
    externalIPs: { type: 'array', items: { type: 'string' }, description: tr('schema.service.externalIPs') },
    ports: {
      type: 'array',
      items: {
        type: 'object',
        required: ['port'],
        properties: {
          name: { type: 'string' },
          port: int(tr('schema.service.port')),
          targetPort: { type: ['integer', 'string'], description: tr('schema.service.targetPort') },
          nodePort: int(tr('schema.service.nodePort')),
          protocol: { enum: ['TCP', 'UDP', 'SCTP'] },
        },
      },
    },
  },
};

const secret: Schema = {
  type: 'object',
  description: tr('schema.secret'),
  properties: {
    type: str(tr('schema.secret.type')),
    data: map(tr('schema.secret.data')),
    stringData: map(tr('schema.secret.data')),
  },
};

const ingressClass: Schema = {
  type: 'object',
  description: tr('schema.ingressClass'),
  properties: { controller: str(tr('schema.ingressClass.controller')) },
};

const pool: Schema = {
  type: 'object',
  description: tr('schema.pool'),
  properties: {
    blocks: {
      type: 'array',
      description: tr('schema.pool.blocks'),
      items: { type: 'object', properties: { cidr: str(tr('schema.pool.cidr')), start: str(tr('schema.pool.start')), stop: str(tr('schema.pool.stop')) } },
    },
    serviceSelector: labelSelector(tr('schema.pool.serviceSelector')),
    disabled: bool(tr('schema.pool.disabled')),
    allowFirstLastIPs: { enum: ['Yes', 'No'], description: tr('schema.pool.allowFirstLastIPs') },
  },
};

const l2policy: Schema = {
  type: 'object',
  description: tr('schema.l2'),
  properties: {
    serviceSelector: labelSelector(tr('schema.l2.serviceSelector')),
    nodeSelector: labelSelector(tr('schema.l2.nodeSelector')),
    interfaces: { type: 'array', items: { type: 'string' }, description: tr('schema.l2.interfaces') },
    externalIPs: bool(tr('schema.l2.externalIPs')),
    loadBalancerIPs: bool(tr('schema.l2.loadBalancerIPs')),
  },
};

const peerRule: Schema = {
  type: 'object',
  properties: {
    fromEndpoints: { type: 'array', items: labelSelector(tr('schema.policy.endpoints')), description: tr('schema.policy.endpoints') },
    toEndpoints: { type: 'array', items: labelSelector(tr('schema.policy.endpoints')), description: tr('schema.policy.endpoints') },
    fromEntities: { type: 'array', items: { enum: ['all', 'world', 'cluster', 'host', 'remote-node', 'kube-apiserver', 'ingress', 'health', 'init', 'unmanaged'] }, description: tr('schema.policy.entities') },
    toEntities: { type: 'array', items: { type: 'string' }, description: tr('schema.policy.entities') },
    fromCIDR: { type: 'array', items: { type: 'string' }, description: tr('schema.policy.cidr') },
    toCIDR: { type: 'array', items: { type: 'string' }, description: tr('schema.policy.cidr') },
    fromCIDRSet: { type: 'array', items: { type: 'object', properties: { cidr: { type: 'string' }, except: { type: 'array', items: { type: 'string' } } } }, description: tr('schema.policy.cidrSet') },
    toCIDRSet: { type: 'array', items: { type: 'object', properties: { cidr: { type: 'string' }, except: { type: 'array', items: { type: 'string' } } } }, description: tr('schema.policy.cidrSet') },
    toPorts: { type: 'array', description: tr('schema.policy.toPorts') },
  },
};

const policySpec: Schema = {
  type: 'object',
  description: tr('schema.policy'),
  properties: {
    description: { type: 'string' },
    endpointSelector: labelSelector(tr('schema.policy.endpointSelector')),
    nodeSelector: labelSelector(tr('schema.policy.nodeSelector')),
    ingress: { type: 'array', items: peerRule, description: tr('schema.policy.ingress') },
    ingressDeny: { type: 'array', items: peerRule, description: tr('schema.policy.ingressDeny') },
    egress: { type: 'array', items: peerRule, description: tr('schema.policy.egress') },
    egressDeny: { type: 'array', items: peerRule, description: tr('schema.policy.egressDeny') },
  },
};

const lab: Schema = {
  type: 'object',
  description: tr('schema.lab'),
  properties: {
    title: str(tr('schema.lab.title')),
    notes: str(tr('schema.lab.notes')),
    extends: { enum: ['default'], description: tr('schema.lab.extends') },
    clock: str(tr('schema.lab.clock')),
    seed: int(tr('schema.lab.seed')),
    kernel: str(tr('schema.lab.kernel')),
    serviceCIDR: str(tr('schema.lab.serviceCIDR')),
    helm: str(tr('schema.lab.helm')),
    values: { type: 'object', description: tr('schema.lab.values') },
    nodes: { type: 'array', description: tr('schema.lab.nodes'), items: { type: 'object', properties: { name: { type: 'string' }, role: { enum: ['control-plane', 'worker'] }, podCIDR: { type: 'string' }, ingressIP: { type: 'string' }, ciliumHostIP: { type: 'string' }, defaultInterface: { type: 'string' }, interfaces: { type: 'array' } } } },
    clients: { type: 'array', description: tr('schema.lab.clients'), items: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' }, mac: { type: 'string' } } } },
    requests: {
      type: 'array',
      description: tr('schema.lab.requests'),
      items: {
        type: 'object',
        required: ['from', 'curl'],
        properties: {
          name: { type: 'string' },
          from: str(tr('schema.lab.request.from')),
          curl: str(tr('schema.lab.request.curl')),
          note: { type: 'string' },
          expect: {
            type: 'object',
            description: tr('schema.lab.request.expect'),
            properties: { status: { type: 'integer' }, exitCode: { type: 'integer' }, error: { type: 'string' }, backend: { type: 'string' }, envoyNode: { type: 'string' } },
          },
        },
      },
    },
  },
};

/** apiVersion, kind, spec schema (Secret and IngressClass keep fields at the top or in spec). */
const KINDS: [string, string, Schema, 'spec' | 'top'][] = [
  ['networking.k8s.io/v1', 'Ingress', ingress, 'spec'],
  ['networking.k8s.io/v1', 'IngressClass', ingressClass, 'spec'],
  ['v1', 'Service', service, 'spec'],
  ['apps/v1', 'Deployment', deployment, 'spec'],
  ['v1', 'Pod', podTemplateSpec, 'spec'],
  ['v1', 'Secret', secret, 'top'],
  ['cilium.io/v2', 'CiliumLoadBalancerIPPool', pool, 'spec'],
  ['cilium.io/v2alpha1', 'CiliumLoadBalancerIPPool', pool, 'spec'],
  ['cilium.io/v2alpha1', 'CiliumL2AnnouncementPolicy', l2policy, 'spec'],
  ['cilium.io/v2', 'CiliumClusterwideNetworkPolicy', policySpec, 'spec'],
  ['cilium.io/v2', 'CiliumNetworkPolicy', policySpec, 'spec'],
  ['hopscope.dev/v1alpha1', 'Lab', lab, 'spec'],
];

export const SUPPORTED_KINDS = [...new Set(KINDS.map((k) => k[1]))];

/** One schema for any document: if apiVersion+kind match, then that kind's shape. */
export function documentSchema(): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    description: tr('schema.document'),
    required: ['apiVersion', 'kind'],
    properties: {
      apiVersion: { type: 'string', description: tr('schema.apiVersion') },
      kind: { type: 'string', description: tr('schema.kind') },
      metadata,
    },
    allOf: KINDS.map(([apiVersion, kind, body, where]) => ({
      if: { properties: { apiVersion: { const: apiVersion }, kind: { const: kind } }, required: ['apiVersion', 'kind'] },
      then: where === 'spec' ? { properties: { spec: body } } : body,
    })),
  };
}
