//go:build tools

// Package tools is never compiled: it only names the etcd command that
// test-support/k8s/build compiles (go.etcd.io/etcd/server/v3 is etcd's main
// package), so that `go mod tidy` keeps it in go.mod and go.sum.
package tools

import _ "go.etcd.io/etcd/server/v3"
