{{/* The chart's name, or nameOverride. */}}
{{- define "async-service-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The name of the objects: fullnameOverride, else the release name, prefixed to the chart name unless it contains it. */}}
{{- define "async-service-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* chart-version, for the helm.sh/chart label. */}}
{{- define "async-service-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The labels that select the operator pods; they never change between upgrades. */}}
{{- define "async-service-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "async-service-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The labels of every object. */}}
{{- define "async-service-operator.labels" -}}
helm.sh/chart: {{ include "async-service-operator.chart" . }}
{{ include "async-service-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: async-service-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The ServiceAccount the operator runs as. */}}
{{- define "async-service-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "async-service-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Lease the replicas elect a leader on. */}}
{{- define "async-service-operator.leaseName" -}}
{{- default (include "async-service-operator.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/* registry/repository:tag or registry/repository@digest; the tag defaults to the appVersion. */}}
{{- define "async-service-operator.imageRef" -}}
{{- $image := .image -}}
{{- $repo := $image.repository -}}
{{- if $image.registry }}{{ $repo = printf "%s/%s" $image.registry $image.repository }}{{ end -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $repo $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo (default .appVersion $image.tag | toString) -}}
{{- end -}}
{{- end }}

{{/*
The rules the operator needs on the namespaced objects it reconciles, in each watched namespace
(a ClusterRole when it watches all). Each rule is backed by a call of the operator's (JOSDK's
controller and dependent resource, the event recorder, the scaler); the deploy module's RbacTest
holds the list of calls and fails when these rules grant more or less.
*/}}
{{- define "async-service-operator.rules" -}}
# The AsyncServices: the controller's informer and reads. No finalizer: the garbage collector
# deletes the Deployment with its AsyncService.
- apiGroups: ["asyncservice.io"]
  resources: ["asyncservices"]
  verbs: ["get", "list", "watch"]
# The status, written by the controller and the scaler as patches.
- apiGroups: ["asyncservice.io"]
  resources: ["asyncservices/status"]
  verbs: ["patch"]
# No asyncservices/finalizers: the Deployment's owner reference leaves blockOwnerDeletion unset.
# The Deployment each AsyncService owns: created and updated (server-side apply, or create and
# update with it off); the scaler patches its replicas. Never deleted by the operator.
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
# Events such as "Scaled from 0 to 3: backlog 27, target 10 per replica"; a repeated one is read
# and its count patched.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["get", "create", "patch"]
# Broker credentials the AsyncServices reference, read by name (get) when an AsyncService is
# reconciled (for the config hash, so that a rotation rolls the pods) and by the scaler. No list
# or watch: the operator caches no Secret. RBAC cannot narrow get to the referenced names, so this
# is get on every Secret of each namespace the rule applies to. Never written.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
# The Pods of an AsyncService, only when the scaler lowers its replicas to one or more: listed by
# the Deployment's selector, so that their sidecars' /load can be read, and patched with the
# controller.kubernetes.io/pod-deletion-cost annotation alone, so that the ReplicaSet controller
# removes the idle ones first. No get, watch or delete: the operator caches no Pod.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "patch"]
{{- end }}
