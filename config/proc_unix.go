//go:build unix

package config

import (
	"os/exec"
	"syscall"
)

// startTree starts cmd (the command line is Windows's business) as the leader of a process group of its own; kill
// sends SIGKILL to the whole group, so a child the shell left behind
// (`sleep 300 & echo pw`) ends with it. A process that makes a group or
// session of its own (setsid) has left on purpose and is not followed.
func startTree(cmd *exec.Cmd, _ string) (kill, release func(), err error) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	group := cmd.Process.Pid
	return func() { _ = syscall.Kill(-group, syscall.SIGKILL) }, func() {}, nil
}
