import Fuse from 'fuse.js';
const opts={includeScore:true,ignoreLocation:true,threshold:0.6};
for (let round=0;round<3;round++){
let t=performance.now(); const a=[]; for(let i=0;i<20000;i++) a.push(new Fuse(['unabl list secret kv '+i],opts));
console.log('ctor',(performance.now()-t)/20000*1000,'us');
const f=new Fuse<string>([],opts);
t=performance.now(); for(let i=0;i<20000;i++){ f.setCollection(['unabl list secret kv '+i]); f.search('unabl see secret',{limit:1}); }
console.log('setCollection+search',(performance.now()-t)/20000*1000,'us');
t=performance.now(); for(let i=0;i<20000;i++){ a[i]!.search('unabl see secret',{limit:1}); }
console.log('search only',(performance.now()-t)/20000*1000,'us');
}
