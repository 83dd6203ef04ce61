//go:build windows

package config

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// startTree starts cmd inside a Job object, the Windows counterpart of a
// Unix process group: every process cmd starts belongs to the job too (a
// job's processes cannot leave it unless the job allows breakaway, and this
// one does not), and kill ends them all with TerminateJobObject.
//
// The command is created suspended and put in the job before its first
// instruction runs, so not even a child it starts at once can escape. The
// job is also marked kill-on-close: should this program die before
// release, Windows ends the tree when the job's last handle closes.
//
// cmdLine, from shellCommand, is given to CreateProcess as it is
// (SysProcAttr.CmdLine): cmd.exe parses its own command line.
func startTree(cmd *exec.Cmd, cmdLine string) (kill, release func(), err error) {
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("job object: %w", err)
	}
	info := windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION{}
	info.BasicLimitInformation.LimitFlags = windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
	if _, err := windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info))); err != nil {
		_ = windows.CloseHandle(job)
		return nil, nil, fmt.Errorf("job object: %w", err)
	}
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.CmdLine = cmdLine
	cmd.SysProcAttr.CreationFlags |= windows.CREATE_SUSPENDED
	if err := cmd.Start(); err != nil {
		_ = windows.CloseHandle(job)
		return nil, nil, err
	}
	pid := uint32(cmd.Process.Pid)
	// The process has not run yet, and exec holds a handle to it, so its
	// pid cannot have been reused.
	proc, err := windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, pid)
	if err == nil {
		err = windows.AssignProcessToJobObject(job, proc)
		_ = windows.CloseHandle(proc)
	}
	if err == nil {
		err = resumeProcess(pid)
	}
	if err != nil {
		// Never let it run outside the job: end it, and say why.
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_ = windows.CloseHandle(job)
		return nil, nil, fmt.Errorf("job object: %w", err)
	}
	var once sync.Once
	kill = func() { _ = windows.TerminateJobObject(job, 1) }
	release = func() {
		once.Do(func() {
			kill()
			_ = windows.CloseHandle(job)
		})
	}
	return kill, release, nil
}

// resumeProcess starts the main thread of a process created suspended. exec
// does not keep the thread's handle, so the thread is found by its owner's
// pid; a suspended new process has exactly one.
func resumeProcess(pid uint32) error {
	snap, err := windows.CreateToolhelp32Snapshot(windows.TH32CS_SNAPTHREAD, 0)
	if err != nil {
		return err
	}
	defer windows.CloseHandle(snap)
	te := windows.ThreadEntry32{Size: uint32(unsafe.Sizeof(windows.ThreadEntry32{}))}
	for err = windows.Thread32First(snap, &te); err == nil; err = windows.Thread32Next(snap, &te) {
		if te.OwnerProcessID != pid {
			continue
		}
		th, err := windows.OpenThread(windows.THREAD_SUSPEND_RESUME, false, te.ThreadID)
		if err != nil {
			return err
		}
		_, err = windows.ResumeThread(th)
		_ = windows.CloseHandle(th)
		return err
	}
	if errors.Is(err, windows.ERROR_NO_MORE_FILES) {
		err = os.ErrNotExist
	}
	return fmt.Errorf("main thread of process %d: %w", pid, err)
}
