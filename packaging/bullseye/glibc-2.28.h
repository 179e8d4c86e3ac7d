/* Force-included (gcc -include) into every file of CPython compiled in the Debian 11 chroot
 * (packaging/chroot_build.py).
 *
 * Debian 11 has glibc 2.31.  glibc 2.29 gave exp, exp2, log, log2 and pow new symbol versions
 * (new implementations without the old SVID error handling), so anything linked against 2.29
 * or later asks for GLIBC_2.29 and will not start on glibc 2.28 (统信UOS 20).  The old versions
 * are still in every glibc: bind the calls to them.  x86_64 only (GLIBC_2.2.5 is its base). */
#if defined(__x86_64__)
__asm__(".symver exp,exp@GLIBC_2.2.5");
__asm__(".symver exp2,exp2@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver log2,log2@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
#endif
