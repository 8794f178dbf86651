//go:build tools

// Package tools is never compiled: it only names the commands that
// test-support/k8s/build compiles, so that `go mod tidy` keeps them (and
// everything they import) in go.mod and go.sum.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
