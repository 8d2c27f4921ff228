// The default lab: the seed blog's cluster after its setup section
// (../shared/LABS.md "The lab cluster"). Pasted manifests are merged on top of
// it unless they bring a `kind: Lab` of their own (without `extends: default`).
export const DEFAULT_LAB_FILE = 'lab';

export const DEFAULT_LAB_TEXT = `apiVersion: hopscope.dev/v1alpha1
kind: Lab
metadata:
  name: cilium-week6
spec:
  title: Cilium Ingress home lab (2 nodes + router)
  notes: |
    The seed blog's lab: Cilium 1.18 with native routing, kube-proxy replacement,
    the shared Cilium Ingress and L2 announcements on eth1.
  clock: "2025-08-23T15:19:00Z"
  seed: 1
  kernel: "6.8"
  serviceCIDR: 10.96.0.0/12
  helm: >-
    helm install cilium cilium/cilium --version 1.18.1 --namespace kube-system
    --set k8sServiceHost=192.168.10.100 --set k8sServicePort=6443
    --set ipam.mode="cluster-pool" --set ipam.operator.clusterPoolIPv4PodCIDRList={"172.20.0.0/16"}
    --set ipv4NativeRoutingCIDR=172.20.0.0/16
    --set routingMode=native --set autoDirectNodeRoutes=true --set endpointRoutes.enabled=true
    --set directRoutingSkipUnreachable=true
    --set kubeProxyReplacement=true --set bpf.masquerade=true --set installNoConntrackIptablesRules=true
    --set endpointHealthChecking.enabled=false --set healthChecking=false
    --set hubble.enabled=true --set hubble.relay.enabled=true --set hubble.ui.enabled=true
    --set ingressController.enabled=true --set ingressController.loadbalancerMode=shared
    --set loadBalancer.l7.backend=envoy
    --set localRedirectPolicy=true --set l2announcements.enabled=true
    --set operator.replicas=1 --set debug.enabled=true
  nodes:
    - name: k8s-ctr
      role: control-plane
      podCIDR: 172.20.0.0/24
      ingressIP: 172.20.0.173
      ciliumHostIP: 172.20.0.114
      defaultInterface: eth0
      interfaces:
        - { name: eth0, address: 10.0.2.15/24, mac: "08:00:27:6b:69:c9" }
        - { name: eth1, address: 192.168.10.100/24, mac: "08:00:27:5c:1e:aa" }
    - name: k8s-w1
      role: worker
      podCIDR: 172.20.1.0/24
      ingressIP: 172.20.1.110
      ciliumHostIP: 172.20.1.6
      defaultInterface: eth0
      interfaces:
        - { name: eth0, address: 10.0.2.15/24, mac: "08:00:27:8a:2c:11" }
        - { name: eth1, address: 192.168.10.101/24, mac: "08:00:27:3d:91:0b" }
  clients:
    - name: router
      address: 192.168.10.200/24
      mac: "08:00:27:11:22:33"
  requests:
    - name: curlpod to webpod
      from: curlpod
      curl: curl -s webpod
      expect: { status: 200, backend: webpod }
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: cilium
spec:
  controller: cilium.io/ingress-controller
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: webpod
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels: { app: webpod }
  template:
    metadata:
      labels: { app: webpod }
    spec:
      containers:
        - name: webpod
          image: traefik/whoami
          ports:
            - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: webpod
  namespace: default
  labels: { app: webpod }
spec:
  selector: { app: webpod }
  ports:
    - port: 80
      targetPort: 80
  type: ClusterIP
---
apiVersion: v1
kind: Pod
metadata:
  name: curlpod
  namespace: default
  labels: { app: curl }
spec:
  nodeName: k8s-ctr
  containers:
    - name: curl
      image: nicolaka/netshoot
---
apiVersion: cilium.io/v2
kind: CiliumLoadBalancerIPPool
metadata:
  name: cilium-lb-ippool
spec:
  blocks:
    - start: "192.168.10.211"
      stop: "192.168.10.215"
---
apiVersion: cilium.io/v2alpha1
kind: CiliumL2AnnouncementPolicy
metadata:
  name: policy1
spec:
  interfaces:
    - eth1
  externalIPs: true
  loadBalancerIPs: true
`;
